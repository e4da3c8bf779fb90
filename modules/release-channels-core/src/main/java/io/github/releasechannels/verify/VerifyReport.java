// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.verify;

import io.github.releasechannels.agent.BaseUrl;
import java.util.List;

/**
 * The result of one verify: a line per channel.
 *
 * @param baseUrl what was read
 * @param results one per channel in name order, then {@code cmc.yaml} when the site has one
 */
public record VerifyReport(BaseUrl baseUrl, List<ChannelResult> results) {

    public VerifyReport {
        results = List.copyOf(results);
    }

    public boolean allInSync() {
        return results.stream().allMatch(result -> result.status() == ChannelResult.Status.IN_SYNC);
    }

    public long count(ChannelResult.Status status) {
        return results.stream().filter(result -> result.status() == status).count();
    }

    /** Every result as an aligned line. */
    public List<String> lines() {
        int width = results.stream()
                .mapToInt(result -> result.name().length())
                .max()
                .orElse(0);
        return results.stream().map(result -> result.line(width)).toList();
    }

    public List<String> warnings() {
        return results.stream().flatMap(result -> result.warnings().stream()).toList();
    }

    public String summary() {
        return baseUrl + ": " + count(ChannelResult.Status.IN_SYNC) + " of " + results.size() + " in sync"
                + (allInSync()
                        ? ""
                        : ", " + count(ChannelResult.Status.DRIFT) + " drift, "
                                + count(ChannelResult.Status.MISSING) + " missing, " + count(ChannelResult.Status.ERROR)
                                + " error");
    }
}
