package dev.orderlog.devservices.kurrentdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.kurrent.dbclient.KurrentDBClient;
import io.kurrent.dbclient.ReadStreamOptions;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Credentials as the server treats them: unchecked when started insecure, checked against the default users when
 * authentication is on (wrong ones are not authenticated; none at all is anonymous, denied access to streams).
 */
class CredentialsConformanceTest extends EmbeddedServerTest {

    @Test
    void anInsecureServerAcceptsAnyCredentialsWithoutCheckingThem() throws Exception {
        KurrentDBClient wrong = connect(insecureUri("nobody:wrong@"));
        KurrentDBClient anonymous = connect(insecureUri(""));
        try {
            String stream = newStream("insecure");
            result(wrong.appendToStream(stream, jsonEvents(1)));
            assertThat(result(anonymous.readStream(stream, ReadStreamOptions.get()))
                            .getEvents())
                    .hasSize(1);
        } finally {
            wrong.shutdown().get(10, TimeUnit.SECONDS);
            anonymous.shutdown().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void withAuthenticationOnTheDefaultAdminIsAcceptedAndWrongOrMissingCredentialsAreRefused() throws Exception {
        assumeEmbedded();
        try (EmbeddedKurrentDb secured = EmbeddedKurrentDb.start(
                EmbeddedKurrentDb.Options.defaults().with(EmbeddedKurrentDb.Feature.AUTHENTICATION))) {
            KurrentDBClient admin = connect(secured.connectionString());
            KurrentDBClient wrong = connect("kurrentdb://admin:wrong@127.0.0.1:" + secured.port() + "?tls=false");
            KurrentDBClient anonymous = connect("kurrentdb://127.0.0.1:" + secured.port() + "?tls=false");
            try {
                String stream = newStream("secured");
                result(admin.appendToStream(stream, jsonEvents(1)));
                assertThat(result(admin.readStream(stream, ReadStreamOptions.get()))
                                .getEvents())
                        .hasSize(1);

                StatusRuntimeException refused =
                        (StatusRuntimeException) failureOf(wrong.appendToStream(stream, jsonEvents(1)));
                assertThat(refused.getStatus().getCode()).isEqualTo(Status.Code.UNAUTHENTICATED);
                StatusRuntimeException denied =
                        (StatusRuntimeException) failureOf(anonymous.readStream(stream, ReadStreamOptions.get()));
                assertThat(denied.getStatus().getCode()).isEqualTo(Status.Code.PERMISSION_DENIED);
                assertThat(result(admin.readStream(stream, ReadStreamOptions.get()))
                                .getEvents())
                        .hasSize(1);
            } finally {
                admin.shutdown().get(10, TimeUnit.SECONDS);
                wrong.shutdown().get(10, TimeUnit.SECONDS);
                anonymous.shutdown().get(10, TimeUnit.SECONDS);
            }
        }
    }
}
