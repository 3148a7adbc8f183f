package dev.orderlog.platform.console;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.enterprise.inject.Any;
import jakarta.enterprise.inject.Instance;
import jakarta.inject.Inject;
import java.util.EnumMap;
import java.util.Map;

/**
 * Links from one slice's console pages to another's: the slice that owns a page registers it as a {@link Page}, and
 * the others ask for it by {@link Target}, so no slice imports another to build a link.
 */
@ApplicationScoped
public class ConsoleLinks {

    /** The pages slices link to across their borders. */
    public enum Target {
        ORDER,
        FULFILMENT,
        STOCK
    }

    /** A page a slice owns, found by the key it is about (an order id, a SKU). */
    public interface Page {
        Target target();

        String href(String key);
    }

    private final Map<Target, Page> pages = new EnumMap<>(Target.class);

    @Inject
    ConsoleLinks(@Any Instance<Page> registered) {
        registered.forEach(page -> pages.put(page.target(), page));
    }

    public String to(Target target, String key) {
        Page page = pages.get(target);
        if (page == null) {
            throw new IllegalStateException("No console page registered for " + target);
        }
        return page.href(key);
    }

    /** The console page of one stream. */
    public static String stream(String name) {
        return ConsolePages.ROOT + "/streams/" + name;
    }
}
