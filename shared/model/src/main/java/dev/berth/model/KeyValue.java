package dev.berth.model;

public record KeyValue(String name, String value) {}
