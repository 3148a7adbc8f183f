package dev.orderlog.platform.projection;

import java.util.List;
import java.util.regex.Pattern;

/**
 * Where a read model's tables live: a schema of its own, made by Flyway from {@code migrations}, whose texts name the
 * schema as {@code ${placeholder}}. A rebuild runs the same texts with another schema name and swaps the two.
 */
public record ReadModelTables(String schema, String placeholder, List<String> migrations) {
    private static final Pattern NAME = Pattern.compile("[a-z_][a-z0-9_]{0,50}");

    public ReadModelTables {
        if (!NAME.matcher(schema).matches()) {
            throw new IllegalArgumentException("Not a schema name: " + schema);
        }
        migrations = List.copyOf(migrations);
    }

    /** What every rebuild schema of this read model is named with, before the rebuild's own tag. */
    String rebuildPrefix() {
        return schema + "_rebuild_";
    }

    /** The schema one rebuild fills before it is swapped in; a rebuild of its own even if a second one runs. */
    String rebuildSchema(String rebuild) {
        return rebuildPrefix() + rebuild;
    }

    /** The schema the live tables move to for the moment of one rebuild's swap. */
    String retiredSchema(String rebuild) {
        return schema + "_retired_" + rebuild;
    }
}
