/**
 * Error-budget arithmetic and the multi-window, multi-burn-rate alert policy, shared by every part of slo4j that
 * decides whether a budget is burning.
 */
package dev.slo4j.budget;
