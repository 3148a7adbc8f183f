package dev.orderlog.order.http;

import dev.orderlog.platform.console.ConsoleLinks;
import jakarta.enterprise.context.ApplicationScoped;

/** An order's history page, linked from the pages of its fulfilment. */
@ApplicationScoped
public class OrderConsoleLink implements ConsoleLinks.Page {
    @Override
    public ConsoleLinks.Target target() {
        return ConsoleLinks.Target.ORDER;
    }

    @Override
    public String href(String orderId) {
        return OrderConsole.pageOf(orderId);
    }
}
