// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish.s3;

import io.github.releasechannels.publish.PublishLock;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.CopyOnWriteArrayList;
import software.amazon.awssdk.core.SdkRequest;
import software.amazon.awssdk.core.interceptor.Context;
import software.amazon.awssdk.core.interceptor.ExecutionAttributes;
import software.amazon.awssdk.core.interceptor.ExecutionInterceptor;
import software.amazon.awssdk.core.interceptor.SdkExecutionAttribute;

/** Watches the requests the real SDK sends (operation, key, HTTP headers); it changes nothing. */
final class RequestRecorder implements ExecutionInterceptor {

    static final Set<String> WRITES =
            Set.of("PutObject", "CopyObject", "DeleteObject", "DeleteObjects", "PutObjectAcl");

    /**
     * One request as sent. Headers are those of the last attempt; {@code startAfter} is a listing's StartAfter, empty
     * for other requests.
     */
    record Call(String operation, String key, Map<String, List<String>> headers, Optional<String> startAfter) {
        @Override
        public String toString() {
            return operation + " " + key;
        }
    }

    private final List<Call> calls = new CopyOnWriteArrayList<>();

    @Override
    public void beforeTransmission(Context.BeforeTransmission context, ExecutionAttributes attributes) {
        calls.add(new Call(
                attributes.getAttribute(SdkExecutionAttribute.OPERATION_NAME),
                key(context.request()),
                context.httpRequest().headers(),
                context.request().getValueForField("StartAfter", String.class)));
    }

    /** The object's key; for a listing, the prefix it lists. */
    private static String key(SdkRequest request) {
        return request.getValueForField("Key", String.class)
                .or(() -> request.getValueForField("DestinationKey", String.class))
                .or(() -> request.getValueForField("Prefix", String.class))
                .orElse("");
    }

    List<Call> calls() {
        return List.copyOf(calls);
    }

    /**
     * PUT, COPY and DELETE requests of the site's objects as {@code "Operation key"}, in the order sent; the
     * publish lock's own requests are left out (the lock's tests watch them).
     */
    List<String> writes() {
        return calls.stream()
                .filter(call -> WRITES.contains(call.operation()))
                .filter(call -> !call.key().endsWith(PublishLock.LOCK_FILE))
                .map(Call::toString)
                .toList();
    }

    /** The requests of one operation on the site's objects, the publish lock's left out. */
    List<Call> calls(String operation) {
        return calls.stream()
                .filter(call -> call.operation().equals(operation))
                .filter(call -> !call.key().endsWith(PublishLock.LOCK_FILE))
                .toList();
    }

    /**
     * Every request by operation, the lock's included (as {@code "lock <Operation>"}), so a count is the whole cost
     * of a publish.
     */
    Map<String, Long> countsByOperation() {
        Map<String, Long> counts = new TreeMap<>();
        for (Call call : calls) {
            String kind = call.key().endsWith(PublishLock.LOCK_FILE) ? "lock " + call.operation() : call.operation();
            counts.merge(kind, 1L, Long::sum);
        }
        return counts;
    }

    /** The keys of one operation's requests, the lock's left out, sorted. */
    List<String> keys(String operation) {
        return calls(operation).stream().map(Call::key).sorted().toList();
    }

    void clear() {
        calls.clear();
    }
}
