/** OpenAPI paths of flexible-work plans (유연근무), their approvals and the team week. */
import { TeamWeekQuery } from '../schemas.js';
import {
  bearer,
  idParam,
  json,
  objectJson,
  plansTag,
  problem,
  queryParameters,
  rateLimited,
  ref,
  unauthorized,
} from './shared.js';

/** Your plans, their approvals, and where your teams work. */
export function planPaths() {
  return {
    '/me/plans': {
      get: {
        tags: plansTag,
        summary: 'Your flexible-work plans, newest first',
        operationId: 'listMyPlans',
        security: bearer,
        responses: {
          200: {
            description: 'Your plans',
            content: objectJson({ data: { type: 'array', items: ref('Plan') } }, ['data']),
          },
          401: unauthorized,
          429: rateLimited,
        },
      },
      post: {
        tags: plansTag,
        summary: 'Check a plan against the rules (dryRun) or save it as a draft',
        operationId: 'createPlan',
        security: bearer,
        requestBody: { required: true, content: json('PlanRequest') },
        responses: {
          200: {
            description: 'dryRun: the rules’ verdict; nothing saved',
            content: objectJson({ dryRun: { const: true }, check: ref('PlanCheck') }, ['dryRun', 'check']),
          },
          201: {
            description: 'Saved as a draft (with the rules’ verdict: submit it once `check.ok`)',
            headers: { Location: { schema: { type: 'string' }, description: 'The plan' } },
            content: json('PlanWithCheck'),
          },
          400: problem('Malformed JSON or dates outside the supported range'),
          401: unauthorized,
          413: problem('Body too large'),
          422: problem('Fields that are not what the schema says'),
          429: rateLimited,
        },
      },
    },
    '/me/plans/{id}': {
      get: {
        tags: plansTag,
        summary: 'One of your plans with the rules’ verdict',
        operationId: 'getMyPlan',
        security: bearer,
        parameters: [idParam],
        responses: {
          200: { description: 'The plan', content: json('PlanWithCheck') },
          401: unauthorized,
          404: problem('No plan of yours with this id'),
          429: rateLimited,
        },
      },
    },
    '/me/plans/{id}/submit': {
      post: {
        tags: plansTag,
        summary: 'Submit a draft for your manager’s decision (the rules must hold; plans may not overlap)',
        operationId: 'submitPlan',
        security: bearer,
        parameters: [idParam],
        responses: {
          200: { description: 'Submitted', content: objectJson({ plan: ref('Plan') }, ['plan']) },
          401: unauthorized,
          404: problem('No plan of yours with this id'),
          409: problem('Not a draft, or it overlaps another plan of yours'),
          422: problem('The plan breaks a rule: check it first'),
          429: rateLimited,
        },
      },
    },
    '/me/plans/{id}/withdraw': {
      post: {
        tags: plansTag,
        summary: 'Withdraw a draft or a submitted plan',
        operationId: 'withdrawPlan',
        security: bearer,
        parameters: [idParam],
        responses: {
          200: { description: 'Withdrawn', content: objectJson({ plan: ref('Plan') }, ['plan']) },
          401: unauthorized,
          404: problem('No plan of yours with this id'),
          409: problem('Already decided'),
          429: rateLimited,
        },
      },
    },
    '/approvals': {
      get: {
        tags: plansTag,
        summary: 'Plans waiting for your decision (your teams, and teams delegated to you today; never your own)',
        operationId: 'listApprovals',
        security: bearer,
        responses: {
          200: {
            description: 'Waiting plans',
            content: objectJson({ data: { type: 'array', items: ref('Plan') } }, ['data']),
          },
          401: unauthorized,
          429: rateLimited,
        },
      },
    },
    '/approvals/{id}': {
      post: {
        tags: plansTag,
        summary: 'Approve or reject a plan (approval books its center days through the booking rules)',
        operationId: 'decidePlan',
        security: bearer,
        parameters: [idParam],
        requestBody: { required: true, content: json('DecisionRequest') },
        responses: {
          200: {
            description: 'Decided',
            content: objectJson(
              { plan: ref('Plan'), daysNeedingAttention: { type: 'integer' }, daysPending: { type: 'integer' } },
              ['plan', 'daysNeedingAttention', 'daysPending'],
            ),
          },
          400: problem('Malformed JSON'),
          401: unauthorized,
          403: problem('Not your team, or your own plan'),
          404: problem('No such plan'),
          409: problem('Not waiting for a decision, or overlapping another approved plan'),
          413: problem('Body too large'),
          422: problem('Invalid decision'),
          429: rateLimited,
        },
      },
    },
    '/team/week': {
      get: {
        tags: plansTag,
        summary: 'Where the people of your teams work each day of a week (planned, or where they checked in)',
        operationId: 'getTeamWeek',
        security: bearer,
        parameters: queryParameters(TeamWeekQuery),
        responses: {
          200: {
            description: 'The week',
            content: objectJson(
              {
                dates: {
                  type: 'array',
                  items: {
                    type: 'object',
                    properties: { date: { type: 'string' }, closed: { type: ['string', 'null'] } },
                    required: ['date', 'closed'],
                  },
                },
                people: { type: 'array', items: { type: 'object' } },
              },
              ['dates', 'people'],
            ),
          },
          401: unauthorized,
          422: problem('Invalid date'),
          429: rateLimited,
        },
      },
    },
  };
}
