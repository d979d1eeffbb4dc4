/**
 * Who may call Berth: SigV4 verification of ECS, IAM and CloudTrail requests signed with
 * Berth-issued keys ({@code sigv4}), and IAM-JSON policy evaluation ({@code policy}). Pure Java:
 * no AWS SDK types, no I/O; the stores and the key material come in through interfaces.
 */
package dev.berth.auth;
