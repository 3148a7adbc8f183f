package dev.orderlog.stock.http;

import dev.orderlog.platform.console.ConsoleLinks;
import dev.orderlog.stock.Stocks;
import jakarta.enterprise.context.ApplicationScoped;

/** A SKU's stock is shown as its stream. */
@ApplicationScoped
public class StockConsoleLink implements ConsoleLinks.Page {
    @Override
    public ConsoleLinks.Target target() {
        return ConsoleLinks.Target.STOCK;
    }

    @Override
    public String href(String sku) {
        return ConsoleLinks.stream(Stocks.STREAMS.streamOf(sku));
    }
}
