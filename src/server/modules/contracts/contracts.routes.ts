import { Type } from '@sinclair/typebox';
import type { AppInstance } from '../../app-types.js';
import { IdParams } from '../../shared/id.schemas.js';
import { ContractIn, ContractList, ContractOut, ContractPatch, ContractsQuery } from './contracts.schemas.js';
import * as svc from './contracts.service.js';

const Ok = Type.Object({ ok: Type.Boolean() });

export async function contractsRoutes(app: AppInstance) {
  const db = app.deps.db;
  const tags = ['contracts'];

  app.get(
    '/api/contracts',
    {
      schema: {
        tags,
        summary: 'Contracts the user may see (of their clients, or they answer for), newest first; endingWithinDays: ending soon',
        querystring: ContractsQuery,
        response: { 200: ContractList },
      },
    },
    async (req) => svc.listContracts(db, req.actor(), req.query),
  );
  app.post(
    '/api/contracts',
    { schema: { tags, summary: 'Add a contract of a client', body: ContractIn, response: { 201: ContractOut } } },
    async (req, reply) => reply.status(201).send(await svc.createContract(db, req.actor(), req.body, req.ip)),
  );
  app.get('/api/contracts/:id', { schema: { tags, params: IdParams, response: { 200: ContractOut } } }, async (req) =>
    svc.getContract(db, req.actor(), req.params.id),
  );
  app.patch(
    '/api/contracts/:id',
    { schema: { tags, summary: 'Change a contract (with its version)', params: IdParams, body: ContractPatch, response: { 200: ContractOut } } },
    async (req) => svc.updateContract(db, req.actor(), req.params.id, req.body, req.ip),
  );
  app.delete('/api/contracts/:id', { schema: { tags, params: IdParams, response: { 200: Ok } } }, async (req) => {
    await svc.deleteContract(db, req.actor(), req.params.id, req.ip);
    return { ok: true };
  });
}
