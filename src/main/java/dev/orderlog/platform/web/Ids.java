package dev.orderlog.platform.web;

/** The one shape of an id in a URL or query parameter: letters, digits and hyphens, at most 64. */
public final class Ids {
    public static final String PATTERN = "[A-Za-z0-9-]{1,64}";
    /**
     * A product's stock-keeping unit, as orders name it and stock is kept by; never {@code .} or {@code ..}, which a URL
     * would normalise away ({@code /orders/{id}/lines/..} is {@code /orders/{id}}).
     */
    public static final String SKU = "(?!\\.{1,2}$)[A-Za-z0-9._-]{1,64}";

    private Ids() {}
}
