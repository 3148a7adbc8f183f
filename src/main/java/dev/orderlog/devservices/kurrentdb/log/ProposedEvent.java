package dev.orderlog.devservices.kurrentdb.log;

import java.util.UUID;

/** An event as a client proposes it, before the log gives it a revision and a position. */
public record ProposedEvent(UUID id, String type, boolean json, byte[] data, byte[] metadata) {}
