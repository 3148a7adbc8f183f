package dev.orderlog.order.readmodel;

import static dev.orderlog.TestTokens.given;
import static org.assertj.core.api.Assertions.assertThat;

import dev.orderlog.order.Orders;
import dev.orderlog.order.http.FoldedOrder;
import java.util.List;
import org.hamcrest.Matchers;

/** The read model as the query API serves it, compared with the fold of each order's stream. */
final class ReadModelAssertions {
    private ReadModelAssertions() {}

    static void assertReadModelEqualsTheFold(Orders orders, List<String> ids) {
        assertThat(ids).isNotEmpty();
        for (String id : ids) {
            var loaded = orders.current(id);
            FoldedOrder folded = FoldedOrder.of(loaded.state(), loaded.revision());
            given().get("/orders/" + id + "?minRevision=" + loaded.revision())
                    .then()
                    .statusCode(200)
                    .body("revision", Matchers.equalTo((int) loaded.revision()))
                    .body("totalMinor", Matchers.equalTo((int) folded.totalMinor()))
                    .body("lineCount", Matchers.equalTo(folded.lines().size()))
                    .body("stale", Matchers.nullValue());
        }
    }
}
