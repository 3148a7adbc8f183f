package dev.orderlog.platform.kurrentdb;

import io.smallrye.config.ConfigMapping;

/** How the service reaches KurrentDB. */
@ConfigMapping(prefix = "orderlog.kurrentdb")
public interface KurrentDbConfig {

    /**
     * A KurrentDB connection string, e.g. {@code kurrentdb://admin:changeit@kurrentdb:2113?tls=false}. Required in
     * production (env {@code ORDERLOG_KURRENTDB_CONNECTION_STRING}); in dev and test an embedded server is started
     * when it is not set. Put credentials in the environment, not in files.
     */
    String connectionString();
}
