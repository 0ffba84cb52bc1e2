/**
 * @module iam/run-simulation — pages the (action, resource) pairs and renders `SimulatePolicyResponse`.
 */
import { pageOf } from './pagination.js';
import type { SimulationParams } from './params.js';
import type { QueryStruct } from '../aws-query/index.js';
import { createResultRenderer, simulatePair, type SimulationSetup } from './simulate.js';
import type { Directory } from '../core/index.js';

export function runSimulation(directory: Directory, params: SimulationParams, setup: SimulationSetup): QueryStruct {
  const { actionNames, resourceArns } = params;
  const total = actionNames.length * resourceArns.length;
  const page = pageOf(total, params.maxItems, params.marker, params.fingerprint);
  const render = createResultRenderer(setup);
  const results: QueryStruct[] = [];
  for (let i = page.offset; i < page.end; i++) {
    const action = actionNames[Math.floor(i / resourceArns.length)] as string;
    const resource = resourceArns[i % resourceArns.length] as string;
    results.push(render(simulatePair(setup, directory, action, resource)));
  }
  return {
    EvaluationResults: { members: results },
    IsTruncated: page.nextMarker !== undefined,
    ...(page.nextMarker !== undefined ? { Marker: page.nextMarker } : {}),
  };
}
