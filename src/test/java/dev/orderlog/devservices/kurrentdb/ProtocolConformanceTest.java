package dev.orderlog.devservices.kurrentdb;

import static org.assertj.core.api.Assertions.assertThat;

import io.grpc.Status;
import io.grpc.StatusRuntimeException;
import io.kurrent.dbclient.AppendToStreamOptions;
import io.kurrent.dbclient.KurrentDBClient;
import io.kurrent.dbclient.KurrentDBProjectionManagementClient;
import io.kurrent.dbclient.ReadStreamOptions;
import io.kurrent.dbclient.ServerVersion;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class ProtocolConformanceTest extends EmbeddedServerTest {

    @Test
    void aClientThatDiscoversTheClusterThroughGossipConnectsToTheLeader() throws Exception {
        KurrentDBClient discovering = connect("kurrentdb+discover://" + host + ":" + port + "?tls=false");
        try {
            String stream = newStream("gossip");
            result(discovering.appendToStream(stream, jsonEvents(2)));
            assertThat(result(discovering.readStream(stream, ReadStreamOptions.get()))
                            .getEvents())
                    .hasSize(2);
        } finally {
            discovering.shutdown().get(10, TimeUnit.SECONDS);
        }
    }

    @Test
    void theServerReportsAVersionTheClientsFeatureChecksUnderstand() throws Exception {
        assumeEmbedded();
        ServerVersion version = result(client.getServerVersion()).orElseThrow();
        // 25.1: the release that brought multi-stream append, which this server serves.
        assertThat(version.getMajor()).isEqualTo(25);
        assertThat(version.getMinor()).isEqualTo(1);
    }

    @Test
    void anRpcTheServerDoesNotImplementAnswersUnimplemented() throws Exception {
        assumeEmbedded();
        KurrentDBProjectionManagementClient projections = KurrentDBProjectionManagementClient.from(client);
        Throwable failure = failureOf(projections.create("counter", "fromAll().when({})"));
        assertThat(failure).isInstanceOf(StatusRuntimeException.class);
        assertThat(((StatusRuntimeException) failure).getStatus().getCode()).isEqualTo(Status.Code.UNIMPLEMENTED);
    }

    @Test
    void aOneMillisecondDeadlineSurfacesAsDeadlineExceeded() throws Exception {
        Throwable failure = failureOf(client.appendToStream(
                newStream("deadline"), AppendToStreamOptions.get().deadline(1), jsonEvents(500)));
        assertThat(((StatusRuntimeException) failure).getStatus().getCode()).isEqualTo(Status.Code.DEADLINE_EXCEEDED);
    }
}
