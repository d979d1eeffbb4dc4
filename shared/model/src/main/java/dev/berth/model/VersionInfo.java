package dev.berth.model;

public record VersionInfo(String agentVersion, String agentHash, String dockerVersion) {}
