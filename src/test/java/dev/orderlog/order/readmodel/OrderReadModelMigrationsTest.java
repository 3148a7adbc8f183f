package dev.orderlog.order.readmodel;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.net.URL;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/** A rebuild builds its fresh schema from the migration list; a migration left off it would be missing there. */
class OrderReadModelMigrationsTest {

    @Test
    void rebuildsApplyEveryFlywayMigrationInOrder() throws Exception {
        URL directory = OrderReadModelMigrationsTest.class.getClassLoader().getResource("db/migration");
        List<String> onDisk;
        try (Stream<Path> files = Files.list(Path.of(directory.toURI()))) {
            onDisk = files.map(file -> "db/migration/" + file.getFileName())
                    .sorted((a, b) -> Integer.compare(version(a), version(b)))
                    .toList();
        }
        assertEquals(onDisk, OrderProjection.TABLES.migrations());
    }

    private static int version(String migration) {
        String name = migration.substring(migration.lastIndexOf('/') + 2);
        return Integer.parseInt(name.substring(0, name.indexOf("__")));
    }
}
