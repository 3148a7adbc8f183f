package dev.orderlog.fulfilment;

/** What the warehouse reports of a shipment: its tracking number and, when it names one, the carrier (else null). */
public record Shipment(String trackingNumber, String carrier) {}
