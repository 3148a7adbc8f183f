package dev.orderlog.devservices;

/** The JMX face of the embedded Kafka broker. */
public interface RunningKafkaMBean {
    void stopKafka();

    void startKafka();
}
