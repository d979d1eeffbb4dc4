/**
 * Who may call Berth: SigV4 verification of ECS, IAM and CloudTrail requests signed with
 * Berth-issued keys ({@code sigv4}), IAM-JSON policy evaluation ({@code policy}), and what an agent's
 * proof of its EC2 instance role shows and which roles may register agents ({@code sts}). Pure Java:
 * no AWS SDK types, no I/O; the stores and the key material come in through interfaces.
 */
package dev.berth.auth;
