package dev.orderlog.devservices;

import dev.orderlog.platform.console.OperatorAccounts;
import io.quarkus.arc.profile.IfBuildProfile;
import io.quarkus.runtime.StartupEvent;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.event.Observes;
import java.io.IOException;
import java.sql.SQLException;
import javax.sql.DataSource;

/**
 * Adds the working copy's console accounts ({@link DevConsoleUsers}) at start in dev and test, through the same
 * {@link OperatorAccounts} as {@code bin/operator}: after Flyway has made the table, before the first sign-in.
 */
@ApplicationScoped
@IfBuildProfile(anyOf = {"dev", "test"})
class DevOperators {

    void add(@Observes StartupEvent starting, DataSource database) throws IOException, SQLException {
        DevConsoleUsers.ofWorkingCopy().addTo(new OperatorAccounts(database));
    }
}
