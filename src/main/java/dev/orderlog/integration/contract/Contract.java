package dev.orderlog.integration.contract;

/**
 * A published contract: its name and version, the topic it goes to, and where its JSON Schema lives
 * ({@code src/main/resources/contracts}). Versions of one name stay compatible both ways (ContractCompatibilityTest):
 * a new version only adds optional fields, so consumers of the version before keep working.
 */
public enum Contract {
    ORDER_PLACED("order.placed", 1, Topic.ORDERS),
    ORDER_PAID("order.paid", 1, Topic.ORDERS),
    ORDER_CANCELLED("order.cancelled", 1, Topic.ORDERS),
    /** v2 adds the carrier; v1 (without it) is {@link #ORDER_SHIPPED_V1}, kept for its schema and examples. */
    ORDER_SHIPPED("order.shipped", 2, Topic.ORDERS),
    ORDER_SHIPPED_V1("order.shipped", 1, Topic.ORDERS),
    ORDER_DELIVERED("order.delivered", 1, Topic.ORDERS),
    STOCK_LEVEL_CHANGED("stock.level-changed", 1, Topic.STOCK),
    /** An operator's correction of the units on hand: a name of its own, as level-changed v1 has no reason for it. */
    STOCK_COUNTED("stock.counted", 1, Topic.STOCK);

    /** The topics Orderlog publishes to. */
    public enum Topic {
        ORDERS("orderlog.orders.v1"),
        STOCK("orderlog.stock.v1");

        private final String name;

        Topic(String name) {
            this.name = name;
        }

        public String topicName() {
            return name;
        }
    }

    private final String eventType;
    private final int version;
    private final Topic topic;

    Contract(String eventType, int version, Topic topic) {
        this.eventType = eventType;
        this.version = version;
        this.topic = topic;
    }

    public String eventType() {
        return eventType;
    }

    public int version() {
        return version;
    }

    public Topic topic() {
        return topic;
    }

    /** The schema's path on the class path, e.g. {@code contracts/order.shipped.v2.schema.json}. */
    public String schemaResource() {
        return "contracts/" + eventType + ".v" + version + ".schema.json";
    }
}
