/**
 * Where secrets hide in a URL and which hosts are this machine: the rules shared by target URIs
 * ({@code publish.TargetUri}) and the base URL agents read ({@code agent.BaseUrl}). Depends on nothing else.
 */
package io.github.releasechannels.url;
