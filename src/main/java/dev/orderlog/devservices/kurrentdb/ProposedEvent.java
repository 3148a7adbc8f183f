package dev.orderlog.devservices.kurrentdb;

import java.util.UUID;

/** An event as a client proposes it, before the log gives it a revision and a position. */
record ProposedEvent(UUID id, String type, boolean json, byte[] data, byte[] metadata) {}
