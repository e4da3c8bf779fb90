// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish.s3;

import io.github.releasechannels.testing.RealServer;
import java.util.HashMap;
import java.util.Map;

/**
 * The fallback for S3-compatible stores that ignore conditional writes ({@code releaseChannels.s3.conditionalWrites
 * =false}): the lock object alone, written after a check and read back after a pause.
 */
@RealServer
class S3WithoutConditionalWritesConcurrencyTest extends S3ConcurrencyTest {

    @Override
    protected Map<String, String> options() {
        Map<String, String> options = new HashMap<>(super.options());
        options.put(S3Options.CONDITIONAL_WRITES, "false");
        return options;
    }
}
