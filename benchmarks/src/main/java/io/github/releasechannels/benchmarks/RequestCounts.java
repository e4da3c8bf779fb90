// Copyright The Release Channels maintainers
// SPDX-License-Identifier: Apache-2.0
package io.github.releasechannels.benchmarks;

import java.util.List;

/** Requests by kind, from S3Mock's access log lines ({@code METHOD PATH QUERY STATUS COPY-SOURCE}). */
record RequestCounts(int put, int copy, int delete, int head, int get, int list, int other) {

    static RequestCounts of(List<String> lines) {
        int put = 0;
        int copy = 0;
        int delete = 0;
        int head = 0;
        int get = 0;
        int list = 0;
        int other = 0;
        for (String line : lines) {
            String[] fields = line.trim().split(" ", -1);
            if (fields.length < 5) {
                continue;
            }
            String method = fields[0];
            String path = fields[1];
            String query = fields[2];
            boolean copySource = !fields[4].equals("-");
            boolean bucketLevel = path.replaceAll("^/+|/+$", "").indexOf('/') < 0;
            switch (method) {
                case "PUT" -> {
                    if (copySource) {
                        copy++;
                    } else {
                        put++;
                    }
                }
                case "DELETE" -> delete++;
                case "POST" -> {
                    if (query.contains("delete")) {
                        delete++;
                    } else {
                        other++;
                    }
                }
                case "HEAD" -> head++;
                case "GET" -> {
                    if (bucketLevel) {
                        list++;
                    } else {
                        get++;
                    }
                }
                default -> other++;
            }
        }
        return new RequestCounts(put, copy, delete, head, get, list, other);
    }

    int writes() {
        return put + copy + delete;
    }

    /** e.g. {@code 2 PUT, 1 DELETE} for writes; {@code 0} when there are none. */
    String describeWrites() {
        return join(new String[] {"PUT", "COPY", "DELETE"}, new int[] {put, copy, delete});
    }

    String describeReads() {
        return join(new String[] {"HEAD", "GET", "LIST", "other"}, new int[] {head, get, list, other});
    }

    private static String join(String[] names, int[] counts) {
        StringBuilder text = new StringBuilder();
        for (int i = 0; i < names.length; i++) {
            if (counts[i] > 0) {
                text.append(text.isEmpty() ? "" : ", ")
                        .append(counts[i])
                        .append(' ')
                        .append(names[i]);
            }
        }
        return text.isEmpty() ? "0" : text.toString();
    }
}
