package dev.orderlog.devservices;

/** The operations {@link RunningApplications} offers over JMX. */
public interface RunningApplicationsMBean {
    void started();

    void stopped();
}
