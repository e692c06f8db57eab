package acc;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import javax.sql.DataSource;

/**
 * A program that talks to an H2 database in memory through JDBC (or to the database of a JDBC URL given
 * as an argument), directly or through a HikariCP pool ({@code hikari} as an argument, the pool loaded by
 * reflection so that the program needs it only then), and prints what it ran, so that a test can check the probe's statements against it:
 * 3 plain statements (one of them failing) and a plain batch of 2 updates, 40 selects through one prepared
 * statement, a batch of 5 inserts through another, one commit and one rollback.
 */
public final class Jdbc {

    public static void main(String[] args) throws Exception {
        boolean pooled = false;
        String url = "jdbc:h2:mem:shop;DB_CLOSE_DELAY=-1";
        for (String arg : args) {
            if (arg.equals("hikari")) {
                pooled = true;
            } else {
                url = arg;
            }
        }
        AutoCloseable pool = null;
        Connection connection;
        if (pooled) {
            Class<?> configType = Class.forName("com.zaxxer.hikari.HikariConfig");
            Object config = configType.getConstructor().newInstance();
            configType.getMethod("setJdbcUrl", String.class).invoke(config, url);
            configType.getMethod("setMaximumPoolSize", int.class).invoke(config, 2);
            pool = (AutoCloseable) Class.forName("com.zaxxer.hikari.HikariDataSource")
                    .getConstructor(configType)
                    .newInstance(config);
            connection = ((DataSource) pool).getConnection();
        } else {
            connection = DriverManager.getConnection(url);
        }
        long names = 0;
        try (Statement statement = connection.createStatement()) {
            statement.execute("CREATE TABLE item (id INT PRIMARY KEY, name VARCHAR(40), price DECIMAL(9, 2))");
            statement.executeUpdate("INSERT INTO item VALUES (1, 'kettle', 25.50), (2, 'teapot', 19.00)");
            statement.addBatch("UPDATE item SET price = 26.00 WHERE id = 1");
            statement.addBatch("UPDATE item SET price = 20.00 WHERE id = 2");
            statement.executeBatch();
            try {
                statement.executeQuery("SELECT * FROM no_such_table WHERE id = 3");
            } catch (SQLException expected) {
                System.out.println("failed as planned: " + expected.getSQLState());
            }
        }
        connection.setAutoCommit(false);
        try (PreparedStatement insert = connection.prepareStatement("INSERT INTO item VALUES (?, ?, ?)")) {
            for (int i = 10; i < 15; i++) {
                insert.setInt(1, i);
                insert.setString(2, "cup " + i);
                insert.setBigDecimal(3, java.math.BigDecimal.valueOf(i));
                insert.addBatch();
            }
            insert.executeBatch();
        }
        connection.commit();
        try (PreparedStatement select = connection.prepareStatement("SELECT name FROM item WHERE id = ?")) {
            for (int i = 0; i < 40; i++) {
                select.setInt(1, i % 15);
                try (ResultSet rows = select.executeQuery()) {
                    while (rows.next()) {
                        names++;
                    }
                }
            }
        }
        connection.rollback();
        connection.close();
        if (pool != null) {
            pool.close();
        }
        System.out.println("names read: " + names);
    }

    private Jdbc() {}
}
