package dev.berth.auth.sigv4;

/** What a resolver knows of an access key: its secret and whoever it belongs to. */
public record SigningSecret<P>(String secretAccessKey, P principal) {}
