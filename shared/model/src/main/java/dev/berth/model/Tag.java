package dev.berth.model;

public record Tag(String key, String value) {}
