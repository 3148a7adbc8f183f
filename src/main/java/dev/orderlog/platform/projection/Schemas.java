package dev.orderlog.platform.projection;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.persistence.EntityManager;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.regex.Pattern;

/** Copies of a read model's schema, made from its migration texts; a transaction picks its copy through the search_path. */
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
            entities.createNativeQuery(text(migration, tables.placeholder(), schema)).executeUpdate();
        }
    }

    /** Makes the current transaction read and write the tables in {@code schema}. */
    public void use(String schema) {
        entities.createNativeQuery("SET LOCAL search_path TO " + checked(schema) + ", public").executeUpdate();
    }

    public void drop(String schema) {
        entities.createNativeQuery("DROP SCHEMA IF EXISTS " + checked(schema) + " CASCADE").executeUpdate();
    }

    public void rename(String schema, String to) {
        entities.createNativeQuery("ALTER SCHEMA " + checked(schema) + " RENAME TO " + checked(to)).executeUpdate();
    }

    private static String text(String migration, String placeholder, String schema) {
        try (InputStream in = Schemas.class.getClassLoader().getResourceAsStream(migration)) {
            if (in == null) {
                throw new IllegalStateException(migration + " is missing");
            }
            return new String(in.readAllBytes(), StandardCharsets.UTF_8).replace("${" + placeholder + "}", checked(schema));
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
