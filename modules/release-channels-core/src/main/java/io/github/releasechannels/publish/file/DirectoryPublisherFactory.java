// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish.file;

import io.github.releasechannels.publish.InvalidTargetException;
import io.github.releasechannels.publish.PublishPipeline;
import io.github.releasechannels.publish.Publisher;
import io.github.releasechannels.publish.PublisherFactory;
import io.github.releasechannels.publish.TargetSettings;
import io.github.releasechannels.publish.TargetUri;
import java.net.URI;
import java.nio.file.Path;
import java.util.List;

/** {@code file:/srv/www/teleport} or a plain path: a local or mounted directory such as an nginx docroot. */
public final class DirectoryPublisherFactory implements PublisherFactory {

    @Override
    public List<String> schemes() {
        return List.of("file");
    }

    @Override
    public String example() {
        return "file:///srv/www/teleport-updates";
    }

    @Override
    public Publisher create(String target, TargetSettings settings) throws InvalidTargetException {
        return PublishPipeline.forStore(new DirectoryStore(toPath(target)), settings);
    }

    static Path toPath(String target) throws InvalidTargetException {
        TargetUri parsed = TargetUri.parse(target);
        String value = parsed.value();
        try {
            if (value.regionMatches(true, 0, "file:", 0, 5)) {
                URI uri = URI.create(value);
                // file:relative/dir has no path in URI terms: it is relative to the working directory.
                return uri.getPath() != null ? Path.of(uri) : Path.of(uri.getSchemeSpecificPart());
            }
            return Path.of(value);
        } catch (IllegalArgumentException e) {
            throw parsed.invalid(
                    "is not a valid directory path or file: URI (" + e.getMessage() + ")",
                    "Write e.g. file:///srv/www/updates");
        }
    }
}
