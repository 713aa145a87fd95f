/** Local Step Functions runner. */
package dev.sluice.workflow;
