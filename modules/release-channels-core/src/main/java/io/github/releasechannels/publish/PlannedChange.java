// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.publish;

import io.github.releasechannels.site.SiteFile;
import java.util.Optional;

/**
 * One step of a publish.
 *
 * @param action  what happens to the file
 * @param path    relative to the site root
 * @param file    the new file, empty for a delete
 * @param headers the headers to serve it with, empty for a delete
 */
public record PlannedChange(Action action, String path, Optional<SiteFile> file, Optional<Headers> headers) {

    /** What a publish does to one file. */
    public enum Action {
        ADD("add"),
        UPDATE("update"),
        UPDATE_HEADERS("update headers of"),
        DELETE("delete"),
        UNCHANGED("leave");

        private final String verb;

        Action(String verb) {
            this.verb = verb;
        }

        public String verb() {
            return verb;
        }

        /** Whether the step changes the target. */
        public boolean writes() {
            return this != UNCHANGED;
        }
    }

    static PlannedChange write(Action action, SiteFile file, Headers headers) {
        return new PlannedChange(action, file.path(), Optional.of(file), Optional.of(headers));
    }

    static PlannedChange delete(String path) {
        return new PlannedChange(Action.DELETE, path, Optional.empty(), Optional.empty());
    }

    @Override
    public String toString() {
        return action.verb() + " " + path;
    }
}
