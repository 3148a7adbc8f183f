package dev.orderlog.platform.projection;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The right to rebuild one read model, held across the cluster as a session-level PostgreSQL advisory lock on a
 * connection of its own for as long as the rebuild runs; released on close, or by PostgreSQL if this process dies.
 */
final class RebuildClaim implements AutoCloseable {
    private final Connection connection;
    private final String key;

    private RebuildClaim(Connection connection, String key) {
        this.connection = connection;
        this.key = key;
    }

    /** The claim, or empty when a rebuild of this read model runs elsewhere (or here) already. */
    static Optional<RebuildClaim> take(DataSource dataSource, String projection) throws SQLException {
        String key = "rebuild:" + projection;
        Connection connection = dataSource.getConnection();
        try (PreparedStatement claim = connection.prepareStatement("SELECT pg_try_advisory_lock(hashtext(?))")) {
            claim.setString(1, key);
            try (ResultSet taken = claim.executeQuery()) {
                taken.next();
                if (taken.getBoolean(1)) {
                    return Optional.of(new RebuildClaim(connection, key));
                }
            }
        } catch (SQLException | RuntimeException failed) {
            connection.close();
            throw failed;
        }
        connection.close();
        return Optional.empty();
    }

    @Override
    public void close() throws SQLException {
        try (connection;
                PreparedStatement release = connection.prepareStatement("SELECT pg_advisory_unlock(hashtext(?))")) {
            release.setString(1, key);
            release.executeQuery().close();
        }
    }
}
