package dev.berth.model;

public record NetworkBinding(String bindIP, Integer containerPort, Integer hostPort, String protocol) {}
