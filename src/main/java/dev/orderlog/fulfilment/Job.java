package dev.orderlog.fulfilment;

import java.util.List;

/** What one fulfilment is about: the placed order's lines and total, fixed when it starts. */
public record Job(
        String orderId, String customerId, String currency, long amountMinor, List<Line> lines, String correlationId) {

    public record Line(String sku, int quantity) {}

    public Job {
        lines = List.copyOf(lines);
    }
}
