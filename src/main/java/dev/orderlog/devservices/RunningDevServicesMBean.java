package dev.orderlog.devservices;

/** The JMX face of the running dev services. */
public interface RunningDevServicesMBean {
    void restartKurrentDb();

    void stopKurrentDb();

    void startKurrentDb();
}
