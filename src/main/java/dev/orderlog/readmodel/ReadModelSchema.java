package dev.orderlog.readmodel;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.regex.Pattern;

/**
 * Copies of the read-model schema: the live one is {@link #LIVE}; a rebuild fills a fresh copy made from the same
 * Flyway migration texts, and a transaction picks its copy through the search_path.
 */
@ApplicationScoped
public class ReadModelSchema {
    public static final String LIVE = "readmodel";
    /** Every Flyway migration of the read models, in order; ReadModelSchemaTest checks none is missing. */
    static final List<String> MIGRATIONS = List.of(
            "db/migration/V1__order_read_models.sql",
            "db/migration/V2__order_line_foreign_key_deferred.sql");
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    private final EntityManager entities;

    public ReadModelSchema(EntityManager entities) {
        this.entities = entities;
    }

    /** Creates an empty copy of the read-model tables in {@code schema}; call inside a transaction. */
    public void create(String schema) {
        for (String migration : MIGRATIONS) {
            entities.createNativeQuery(text(migration, schema)).executeUpdate();
        }
    }

    /** Makes the current transaction read and write the copy in {@code schema}. */
    public void use(String schema) {
        entities.createNativeQuery("SET LOCAL search_path TO " + checked(schema) + ", public").executeUpdate();
    }

    public void drop(String schema) {
        entities.createNativeQuery("DROP SCHEMA IF EXISTS " + checked(schema) + " CASCADE").executeUpdate();
    }

    private static String text(String migration, String schema) {
        try (InputStream in = ReadModelSchema.class.getClassLoader().getResourceAsStream(migration)) {
            if (in == null) {
                throw new IllegalStateException(migration + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("${schema}", checked(schema));
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
