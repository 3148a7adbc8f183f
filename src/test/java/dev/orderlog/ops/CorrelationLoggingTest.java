package dev.orderlog.ops;

import static dev.orderlog.TestTokens.given;
import static org.assertj.core.api.Assertions.assertThat;

import io.quarkus.test.junit.QuarkusTest;
import io.restassured.http.ContentType;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.LogRecord;
import org.jboss.logmanager.ExtLogRecord;
import org.jboss.logmanager.Logger;
import org.junit.jupiter.api.Test;

/** Every log line written while serving a request carries that request's correlation id (JSON logs print it as a field). */
@QuarkusTest
class CorrelationLoggingTest {

    @Test
    void aLogLineWrittenWhileServingARequestCarriesItsCorrelationId() {
        List<ExtLogRecord> records = new CopyOnWriteArrayList<>();
        Handler capture = new Handler() {
            @Override
            public void publish(LogRecord record) {
                if (record instanceof ExtLogRecord extended
                        && record.getLoggerName().startsWith("dev.orderlog")) {
                    // The MDC is read from the logging thread, so it is taken now rather than when the test looks.
                    extended.copyMdc();
                    records.add(extended);
                }
            }

            @Override
            public void flush() {}

            @Override
            public void close() {}
        };
        Logger root = Logger.getLogger("");
        root.addHandler(capture);
        try {
            String correlation = "corr-" + UUID.randomUUID();
            String id = given().contentType(ContentType.JSON)
                    .body("{\"customerId\":\"c-log\",\"currency\":\"EUR\"}")
                    .post("/orders")
                    .then()
                    .statusCode(201)
                    .extract()
                    .path("id");
            // A stale If-Match is refused with an operator log line.
            given().contentType(ContentType.JSON)
                    .header("X-Correlation-Id", correlation)
                    .header("If-Match", "\"7\"")
                    .body("{\"sku\":\"a\",\"quantity\":1,\"unitPrice\":{\"amountMinor\":1,\"currency\":\"EUR\"}}")
                    .post("/orders/" + id + "/lines")
                    .then()
                    .statusCode(412);
            assertThat(records)
                    .filteredOn(record -> record.getFormattedMessage().contains("order-" + id))
                    .isNotEmpty()
                    .allSatisfy(
                            record -> assertThat(record.getMdc("correlationId")).isEqualTo(correlation));
        } finally {
            root.removeHandler(capture);
        }
    }
}
