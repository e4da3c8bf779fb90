/**
 * How a git remote over HTTPS is logged in to: one rule for the git target's publish and for promote's fetch and
 * push ({@link io.github.releasechannels.gitauth.GitHttpsToken}).
 */
package io.github.releasechannels.gitauth;
