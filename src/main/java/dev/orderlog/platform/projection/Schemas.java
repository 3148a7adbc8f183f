package dev.orderlog.platform.projection;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Copies of a read model's schema, made from its migration texts; a transaction picks its copy through the search_path.
 * Each read model also has a PostgreSQL advisory lock, taken shared by every batch that writes its live tables and
 * exclusively by the rebuild that swaps them, so the swap waits for and holds back the writers of every replica.
 */
@ApplicationScoped
public class Schemas {
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final EntityManager entities;

    public Schemas(EntityManager entities) {
        this.entities = entities;
    }

    /** Creates an empty copy of the read model's tables in {@code schema}; call inside a transaction. */
    public void create(ReadModelTables tables, String schema) {
        for (String migration : tables.migrations()) {
            entities.createNativeQuery(text(migration, tables.placeholder(), schema))
                    .executeUpdate();
        }
    }

    /** Makes the current transaction read and write the tables in {@code schema}. */
    public void use(String schema) {
        entities.createNativeQuery("SELECT set_config('search_path', ?1, true)")
                .setParameter(1, checked(schema) + ", public")
                .getSingleResult();
    }

    /** Makes the current transaction a writer of the projection's live tables: its search_path, and its shared lock (one round trip). */
    void enterLive(Projection projection) {
        entities.createNativeQuery(
                        "SELECT set_config('search_path', ?1, true) FROM (SELECT pg_advisory_xact_lock_shared(hashtext(?2))) AS locked")
                .setParameter(1, checked(projection.tables().schema()) + ", public")
                .setParameter(2, projection.name())
                .getSingleResult();
    }

    /** Waits until no transaction writes the projection's live tables, and keeps them out until this transaction ends. */
    void excludeWriters(Projection projection) {
        entities.createNativeQuery("SELECT 1 FROM (SELECT pg_advisory_xact_lock(hashtext(?1))) AS locked")
                .setParameter(1, projection.name())
                .getSingleResult();
    }

    /** The schemas whose names start with {@code prefix}. */
    @SuppressWarnings("unchecked")
    List<String> named(String prefix) {
        return entities.createNativeQuery(
                        "SELECT schema_name FROM information_schema.schemata WHERE starts_with(schema_name, ?1)")
                .setParameter(1, checked(prefix))
                .getResultList();
    }

    public void drop(String schema) {
        entities.createNativeQuery("DROP SCHEMA IF EXISTS " + checked(schema) + " CASCADE")
                .executeUpdate();
    }

    public void rename(String schema, String to) {
        entities.createNativeQuery("ALTER SCHEMA " + checked(schema) + " RENAME TO " + checked(to))
                .executeUpdate();
    }

    private static String text(String migration, String placeholder, String schema) {
        try (InputStream in = Schemas.class.getClassLoader().getResourceAsStream(migration)) {
            if (in == null) {
                throw new IllegalStateException(migration + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8)
                    .replace("${" + placeholder + "}", checked(schema));
        } catch (IOException unreadable) {
            throw new UncheckedIOException(unreadable);
        }
    }

    private static String checked(String schema) {
        if (!NAME.matcher(schema).matches()) {
            throw new IllegalArgumentException("Not a schema name: " + schema);
        }
        return schema;
    }
}
