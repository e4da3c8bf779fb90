// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.ci;

import java.io.IOException;
import java.net.URISyntaxException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;

/**
 * The {@code tctl} and {@code tbot} that CI-template rehearsals put first on PATH, reaching no cluster: tctl is
 * {@link TctlStandIn}, run by this JVM's java (it parses the command line as tctl does and reads the file as
 * {@code tctl create} does); tbot accepts only a one-shot GitLab join ({@code start identity --oneshot
 * --join-method=gitlab} with {@code --token}, {@code --proxy-server}, {@code --destination} and
 * {@code TBOT_GITLAB_JWT} set), writes an identity file there naming the token and proxy, and exits 2 on anything
 * else. Each records its call (never a token's value) in one file, in order.
 */
final class CiStandIns {

    private CiStandIns() {}

    /** Writes {@code tctl} and {@code tbot} into {@code bin}, both recording their calls in {@code calls}. */
    static void write(Path bin, Path calls) throws IOException {
        Files.createDirectories(bin);
        String quotedCalls = calls.toString().replace("'", "'\\''");
        String javaCommand =
                Path.of(System.getProperty("java.home"), "bin", "java").toString();
        String classPath = String.join(
                java.io.File.pathSeparator, location(TctlStandIn.class), location(org.yaml.snakeyaml.Yaml.class));
        String tctl = """
                #!/usr/bin/env bash
                # Stands in for Teleport's tctl in the CI-template rehearsal; no cluster is reached.
                export @VARIABLE@='@CALLS@'
                exec '@JAVA@' -XX:TieredStopAtLevel=1 -XX:+UseSerialGC -cp '@CLASSPATH@' @MAIN@ "$@"
                """.replace("@VARIABLE@", TctlStandIn.CALLS_VARIABLE)
                .replace("@CALLS@", quotedCalls)
                .replace("@JAVA@", javaCommand)
                .replace("@CLASSPATH@", classPath)
                .replace("@MAIN@", TctlStandIn.class.getName());
        String tbot = """
                #!/usr/bin/env bash
                # Stands in for Teleport's tbot in the CI-template rehearsal; no cluster is reached.
                set -eu
                destination=
                token=
                proxy=
                joined=no
                for argument in "$@"; do
                  case "$argument" in
                    --destination=*) destination=${argument#--destination=} ;;
                    --token=*) token=${argument#--token=} ;;
                    --proxy-server=*) proxy=${argument#--proxy-server=} ;;
                    --join-method=gitlab) joined=yes ;;
                  esac
                done
                if [ "$1 $2" != "start identity" ] || [ "$joined" != yes ] || [ -z "$destination" ] \\
                    || [ -z "$token" ] || [ -z "$proxy" ] \\
                    || [ -z "${TBOT_GITLAB_JWT:-}" ] || [[ " $* " != *" --oneshot "* ]]; then
                  echo "tbot stand-in: expected a one-shot 'tbot start identity --join-method=gitlab' with" \\
                      "--token, --proxy-server, --destination and TBOT_GITLAB_JWT set" >&2
                  exit 2
                fi
                mkdir -p "$destination"
                echo "stand-in identity of the bot joining with $token at $proxy" > "$destination/identity"
                echo "tbot start identity --join-method=gitlab --token=$token --proxy-server=$proxy (TBOT_GITLAB_JWT set) --destination=$destination" >> '@CALLS@'
                """.replace("@CALLS@", quotedCalls);
        for (Map.Entry<String, String> standIn :
                Map.of("tctl", tctl, "tbot", tbot).entrySet()) {
            Path file = Files.writeString(bin.resolve(standIn.getKey()), standIn.getValue());
            if (!file.toFile().setExecutable(true)) {
                throw new IOException("cannot make " + file + " executable");
            }
        }
    }

    /** Where a class was loaded from: a directory of classes or a jar, for the stand-ins' class path. */
    private static String location(Class<?> type) {
        try {
            return Path.of(type.getProtectionDomain()
                            .getCodeSource()
                            .getLocation()
                            .toURI())
                    .toString();
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
