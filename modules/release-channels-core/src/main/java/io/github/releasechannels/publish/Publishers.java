// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.ServiceLoader;
import java.util.stream.Collectors;

/** Chooses the publisher for a target URI by its scheme. */
public final class Publishers {

    private final List<PublisherFactory> factories;

    public Publishers(List<PublisherFactory> factories) {
        this.factories = List.copyOf(factories);
    }

    /**
     * Every publisher on the class path, found through {@link ServiceLoader} ({@code META-INF/services}) in the class
     * loader that loaded this interface, which is the plugin's own realm inside Maven; ordered by scheme so that
     * messages list them the same way every time.
     */
    public static Publishers standard() {
        List<PublisherFactory> found = new ArrayList<>();
        ServiceLoader.load(PublisherFactory.class, PublisherFactory.class.getClassLoader())
                .forEach(found::add);
        found.sort(Comparator.comparing(factory -> factory.schemes().get(0)));
        return new Publishers(found);
    }

    /** The publishers, in the order messages list them. */
    public List<PublisherFactory> factories() {
        return factories;
    }

    /**
     * Opens the publisher for {@code target}; a plain path (no scheme) is a directory.
     *
     * @throws InvalidTargetException also when the target holds credentials or a query ({@link TargetUri})
     */
    public Publisher open(String target, TargetSettings settings) throws InvalidTargetException, IOException {
        TargetUri uri = TargetUri.parse(target);
        String scheme = uri.scheme();
        for (PublisherFactory factory : factories) {
            if (factory.schemes().contains(scheme)) {
                return factory.create(uri.value(), settings);
            }
        }
        throw new InvalidTargetException(
                uri.value(),
                "releaseChannels.target '" + uri.value() + "' has the scheme '"
                        + scheme
                        + "', which no publisher supports. Supported: "
                        + factories.stream()
                                .map(f -> String.join("/", f.schemes()) + " (e.g. " + f.example() + ")")
                                .collect(Collectors.joining(", ")));
    }

    /**
     * A relative directory target ({@code www} or {@code file:www}) made absolute against {@code base}, as Maven
     * resolves relative paths against the project; any other target unchanged.
     */
    public static String resolveRelativeDirectory(String target, Path base) {
        String trimmed = target.trim();
        if (!TargetUri.scheme(trimmed).equals("file")) {
            return trimmed;
        }
        String path = trimmed.regionMatches(true, 0, "file:", 0, 5) ? trimmed.substring(5) : trimmed;
        if (path.startsWith("/") || Path.of(path).isAbsolute()) {
            return trimmed;
        }
        return base.resolve(path).normalize().toString();
    }
}
