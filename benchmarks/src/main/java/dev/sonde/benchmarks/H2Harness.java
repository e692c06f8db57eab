package dev.sonde.benchmarks;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A database under load, for the whole-program benchmarks: the H2 database (on the class path, in
 * memory, in this JVM) serving a small bank's transactions from several client threads through JDBC.
 * Each transaction reads an account, takes an amount off its balance and appends a ledger row with
 * it, in one commit.
 * Runs rounds of fixed length and prints the transactions per second of each, so that a probe's cost
 * reads as lost throughput, cold (the first rounds) and warm (the last).
 *
 * <pre>java -cp benchmarks.jar:h2.jar dev.sonde.benchmarks.H2Harness ROUNDS SECONDS THREADS</pre>
 *
 * Prints {@code round N TPS} per round; exits 1 when the books do not balance at the end (every
 * transaction moved money between the account and the ledger), so that a probe that changed the
 * program's behaviour cannot go unnoticed.
 */
public final class H2Harness {

    static final int ACCOUNTS = 10_000;
    static final String URL = "jdbc:h2:mem:bank;DB_CLOSE_DELAY=-1";

    private H2Harness() {}

    public static void main(String[] args) throws Exception {
        int rounds = Integer.parseInt(args[0]);
        long roundNanos = Long.parseLong(args[1]) * 1_000_000_000L;
        int threads = Integer.parseInt(args[2]);
        try (Connection setup = DriverManager.getConnection(URL);
                Statement statement = setup.createStatement()) {
            statement.execute("CREATE TABLE account(id INT PRIMARY KEY, balance BIGINT NOT NULL, owner VARCHAR(40))");
            statement.execute("CREATE TABLE ledger(id BIGINT AUTO_INCREMENT PRIMARY KEY, account INT, amount BIGINT)");
            statement.execute(
                    "INSERT INTO account SELECT X, 1000, 'owner ' || X FROM SYSTEM_RANGE(1, " + ACCOUNTS + ")");
        }
        for (int round = 1; round <= rounds; round++) {
            AtomicLong done = new AtomicLong();
            long end = System.nanoTime() + roundNanos;
            Thread[] clients = new Thread[threads];
            Throwable[] failure = new Throwable[1];
            for (int t = 0; t < threads; t++) {
                clients[t] = new Thread(() -> {
                    try {
                        done.addAndGet(transact(end));
                    } catch (Throwable e) {
                        failure[0] = e;
                    }
                });
                clients[t].start();
            }
            for (Thread client : clients) {
                client.join();
            }
            if (failure[0] != null) {
                throw new IllegalStateException("a client failed", failure[0]);
            }
            System.out.printf("round %d %.0f%n", round, done.get() / (roundNanos / 1e9));
        }
        try (Connection check = DriverManager.getConnection(URL);
                Statement statement = check.createStatement();
                ResultSet sums = statement.executeQuery(
                        "SELECT (SELECT SUM(balance) FROM account) + (SELECT COALESCE(SUM(amount), 0) FROM ledger)")) {
            sums.next();
            long total = sums.getLong(1);
            if (total != 1000L * ACCOUNTS) {
                System.err.println("the books do not balance: " + total + ", expected " + 1000L * ACCOUNTS);
                System.exit(1);
            }
        }
    }

    /** Runs transactions on a connection of its own until {@code end}; returns how many committed. */
    private static long transact(long end) throws SQLException {
        long committed = 0;
        try (Connection connection = DriverManager.getConnection(URL);
                PreparedStatement read = connection.prepareStatement("SELECT balance FROM account WHERE id = ?");
                PreparedStatement update = connection.prepareStatement(
                        "UPDATE account SET balance = balance - ? WHERE id = ? AND balance >= ?");
                PreparedStatement append =
                        connection.prepareStatement("INSERT INTO ledger(account, amount) VALUES (?, ?)")) {
            connection.setAutoCommit(false);
            ThreadLocalRandom random = ThreadLocalRandom.current();
            while (System.nanoTime() < end) {
                int account = 1 + random.nextInt(ACCOUNTS);
                long amount = 1 + random.nextInt(10);
                read.setInt(1, account);
                long balance;
                try (ResultSet row = read.executeQuery()) {
                    row.next();
                    balance = row.getLong(1);
                }
                update.setLong(1, amount);
                update.setInt(2, account);
                update.setLong(3, Math.min(amount, balance)); // read the balance, as a teller would
                append.setInt(1, account);
                append.setLong(2, amount);
                try {
                    if (update.executeUpdate() != 1) {
                        connection.rollback();
                        continue;
                    }
                    append.executeUpdate();
                    connection.commit();
                    committed++;
                } catch (SQLException concurrent) {
                    connection.rollback(); // two clients on the same account: H2 refuses one, which tries again
                }
            }
        }
        return committed;
    }
}
