package dev.orderlog.platform.console;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Optional;
import javax.sql.DataSource;

/**
 * The console's accounts in PostgreSQL ({@code public.console_operators}). {@code bin/operator}, the dev services and the
 * tests all add operators through {@link #save}; sign-in reads them through {@link #find}.
 */
public final class OperatorAccounts {
    /** Checked when a name is unknown, so that takes as long as a wrong password and the time does not tell names. */
    private static final String UNKNOWN_NAME_HASH =
            OperatorPasswords.hash("no operator has this password".toCharArray());

    private final DataSource database;

    public OperatorAccounts(DataSource database) {
        this.database = database;
    }

    /** Adds {@code operator}, or gives an existing one this role and password. The password is kept only as bcrypt. */
    public void save(Operator operator, char[] password) throws SQLException {
        String hash = OperatorPasswords.hash(password);
        try (Connection connection = database.getConnection();
                PreparedStatement upsert = connection.prepareStatement("""
                     INSERT INTO public.console_operators (name, role, password_hash, changed_at) VALUES (?, ?, ?, now())
                     ON CONFLICT (name) DO UPDATE SET role = excluded.role, password_hash = excluded.password_hash, changed_at = excluded.changed_at""")) {
            upsert.setString(1, operator.name());
            upsert.setString(2, operator.role());
            upsert.setString(3, hash);
            upsert.executeUpdate();
        }
    }

    /** Removes the account; whether there was one. */
    public boolean remove(String name) throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement delete =
                        connection.prepareStatement("DELETE FROM public.console_operators WHERE name = ?")) {
            delete.setString(1, name);
            return delete.executeUpdate() == 1;
        }
    }

    /** The operator {@code name} names, whose password was checked when they signed in (a session cookie's name). */
    public Optional<Operator> find(String name) throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement select =
                        connection.prepareStatement("SELECT role FROM public.console_operators WHERE name = ?")) {
            select.setString(1, name);
            try (ResultSet row = select.executeQuery()) {
                return row.next() ? Optional.of(new Operator(name, row.getString("role"))) : Optional.empty();
            }
        }
    }

    /** The operator {@code name} names, if {@code password} is theirs. */
    public Optional<Operator> find(String name, char[] password) throws SQLException {
        try (Connection connection = database.getConnection();
                PreparedStatement select = connection.prepareStatement(
                        "SELECT role, password_hash FROM public.console_operators WHERE name = ?")) {
            select.setString(1, name);
            try (ResultSet row = select.executeQuery()) {
                if (!row.next()) {
                    OperatorPasswords.matches(UNKNOWN_NAME_HASH, password);
                    return Optional.empty();
                }
                return OperatorPasswords.matches(row.getString("password_hash"), password)
                        ? Optional.of(new Operator(name, row.getString("role")))
                        : Optional.empty();
            }
        }
    }
}
