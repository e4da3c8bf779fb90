/**
 * The result of one goal as data ({@link io.github.releasechannels.report.RunReport}) and everything rendered from
 * it for people and CI systems: the plan in the log, GitHub workflow commands and job summary, GitLab Code Quality
 * and JUnit reports, and {@code release-channels-report.json}. Nothing here parses a log.
 */
package io.github.releasechannels.report;
