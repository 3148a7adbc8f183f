package dev.orderlog.platform.web;

/** The roles a bearer token grants (its {@code groups} claim). */
public final class Roles {
    /** Acts on their own orders only; the token's subject is the customer id. */
    public static final String CUSTOMER = "customer";
    /** Receives stock, ships and delivers. */
    public static final String WAREHOUSE = "warehouse";
    /** Everything, including {@code /admin}. */
    public static final String ADMIN = "admin";

    private Roles() {}
}
