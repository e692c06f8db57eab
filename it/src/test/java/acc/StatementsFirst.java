package acc;

/**
 * Loads the H2 driver's statement classes before any class of {@code java.sql} (this class names none,
 * so that its verification loads none either), then runs {@link Jdbc} by reflection: a probe that starts
 * its JDBC instrumentation with {@code java.sql} meets those classes before it starts. The pause gives it
 * the time to weave them, as it does on a thread of its own once it starts.
 */
public final class StatementsFirst {

    public static void main(String[] args) throws Exception {
        Class.forName("org.h2.jdbc.JdbcPreparedStatement", false, StatementsFirst.class.getClassLoader());
        Thread.sleep(1000);
        Class.forName("acc.Jdbc").getMethod("main", String[].class).invoke(null, (Object) new String[0]);
    }
}
