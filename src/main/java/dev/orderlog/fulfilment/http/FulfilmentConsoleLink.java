package dev.orderlog.fulfilment.http;

import dev.orderlog.platform.console.ConsoleLinks;
import jakarta.enterprise.context.ApplicationScoped;

/** An order's fulfilment page, linked from the order's pages. */
@ApplicationScoped
public class FulfilmentConsoleLink implements ConsoleLinks.Page {
    @Override
    public ConsoleLinks.Target target() {
        return ConsoleLinks.Target.FULFILMENT;
    }

    @Override
    public String href(String orderId) {
        return FulfilmentConsole.pageOf(orderId);
    }
}
