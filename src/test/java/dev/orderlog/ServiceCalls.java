package dev.orderlog;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;

/** Calls on a packaged service (or the simulated provider) as a client makes them, for the integration tests. */
public final class ServiceCalls {
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HttpClient HTTP =
            HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /** An answer: its status and its JSON body (a null node when empty). */
    public record Answer(int status, JsonNode body) {}

    private ServiceCalls() {}

    /** {@code method} on {@code uri}, with a bearer {@code token} and a JSON {@code body} where not null. */
    public static Answer call(String method, URI uri, String token, String body) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(uri)
                .timeout(Duration.ofSeconds(30))
                .method(
                        method,
                        body == null ? HttpRequest.BodyPublishers.noBody() : HttpRequest.BodyPublishers.ofString(body));
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        HttpResponse<String> response = HTTP.send(request.build(), HttpResponse.BodyHandlers.ofString());
        return new Answer(
                response.statusCode(), response.body().isEmpty() ? JSON.nullNode() : JSON.readTree(response.body()));
    }

    /** As {@link #call}, for calls that must succeed: anything but 2xx fails the test. */
    public static JsonNode send(String method, URI uri, String token, String body) throws Exception {
        Answer answer = call(method, uri, token, body);
        if (answer.status() >= 300) {
            throw new IllegalStateException(method + " " + uri + " answered " + answer.status() + ": " + answer.body());
        }
        return answer.body();
    }
}
