// Uppföljningsboten i Azure: en användartilldelad hanterad identitet som är både botens identitet
// (Azure Bot, msaAppType UserAssignedMSI) och appens identitet mot Table Storage, en Linux-webbapp
// på Node 22 LTS, ett lagringskonto utan kontonycklar och, om man vill, Application Insights.
// Inga hemligheter: appen autentiserar med identiteten, både mot Bot Framework och mot lagringen.
//
// Driftsätts i en resursgrupp (se deployment/README.md):
//   az deployment group create -g <grupp> -f deployment/main.bicep -p @deployment/main.parameters.json
// Namnkonventionerna följer Teams Toolkit: resourceBaseName, location = resursgruppens, utdata
// BOT_ID, BOT_DOMAIN och BOT_TENANT_ID som `npm run package` läser (BOT_ID = MicrosoftAppId).

targetScope = 'resourceGroup'

@minLength(3)
@maxLength(18)
@description('Bas för resursnamnen: små bokstäver, siffror och bindestreck, t.ex. "uppfoljning". Ett kort unikt suffix läggs till där namnet måste vara globalt unikt.')
param resourceBaseName string

@description('Region för resurserna (Azure Bot är alltid "global").')
param location string = resourceGroup().location

@description('Botens visningsnamn i Azure (Teams visar namnet från app-manifestet).')
@maxLength(42)
param botDisplayName string = 'Uppföljningsboten'

@description('Azure Bot-nivå. F0 räcker: Teams är en standardkanal utan meddelandegräns.')
@allowed([
  'F0'
  'S1'
])
param botServiceSku string = 'F0'

@description('App Service-planens nivå. Gratisnivåerna (F1, D1) saknas eftersom de inte har Always On, som påminnelserna behöver.')
@allowed([
  'B1'
  'B2'
  'B3'
  'S1'
  'S2'
  'P0v3'
  'P1v3'
  'P2v3'
])
param webAppSku string = 'B1'

@description('Lagringskontots redundans.')
@allowed([
  'Standard_LRS'
  'Standard_ZRS'
  'Standard_GRS'
])
param storageSku string = 'Standard_ZRS'

@description('Kommaseparerade tenant-id:n vars användare boten betjänar (ALLOWED_TENANT_IDS). Standard: den tenant som driftsätter.')
param allowedTenantIds string = tenant().tenantId

@description('Prefix för tabellnamnen (TABLE_PREFIX), så att flera installationer kan dela ett lagringskonto.')
@maxLength(21)
param tablePrefix string = 'uppf'

@description('Skapa Application Insights (och en Log Analytics-arbetsyta för den och för appens loggar).')
param enableApplicationInsights bool = true

@description('Tomt: kör koden som zip-paket (az webapp deploy). Annars en containeravbild, t.ex. "minregistry.azurecr.io/uppfoljningsboten:0.1.0"; identiteten behöver då rollen AcrPull på registret.')
param containerImage string = ''

@description('Taggar på alla resurser.')
param tags object = {}

var suffix = take(uniqueString(resourceGroup().id, resourceBaseName), 6)
var identityName = 'id-${resourceBaseName}'
var planName = 'asp-${resourceBaseName}'
var webAppName = 'app-${resourceBaseName}-${suffix}'
var botServiceName = 'bot-${resourceBaseName}-${suffix}'
var storageAccountName = take('st${toLower(replace(resourceBaseName, '-', ''))}${suffix}', 24)
var workspaceName = 'log-${resourceBaseName}'
var appInsightsName = 'appi-${resourceBaseName}'
var runsContainer = !empty(containerImage)

// Storage Table Data Contributor: läsa, skriva och ta bort tabeller och entiteter, inga nycklar.
var storageTableDataContributor = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: identityName
  location: location
  tags: tags
}

resource storage 'Microsoft.Storage/storageAccounts@2023-05-01' = {
  name: storageAccountName
  location: location
  tags: tags
  kind: 'StorageV2'
  sku: {
    name: storageSku
  }
  properties: {
    accessTier: 'Hot'
    allowBlobPublicAccess: false
    allowCrossTenantReplication: false
    allowSharedKeyAccess: false
    defaultToOAuthAuthentication: true
    minimumTlsVersion: 'TLS1_2'
    publicNetworkAccess: 'Enabled'
    supportsHttpsTrafficOnly: true
  }
}

resource tableService 'Microsoft.Storage/storageAccounts/tableServices@2023-05-01' = {
  parent: storage
  name: 'default'
}

resource tableDataContributor 'Microsoft.Authorization/roleAssignments@2022-04-01' = {
  name: guid(storage.id, identity.id, storageTableDataContributor)
  scope: storage
  properties: {
    roleDefinitionId: subscriptionResourceId('Microsoft.Authorization/roleDefinitions', storageTableDataContributor)
    principalId: identity.properties.principalId
    principalType: 'ServicePrincipal'
    description: 'Uppföljningsboten läser och skriver sina tabeller'
  }
}

resource workspace 'Microsoft.OperationalInsights/workspaces@2023-09-01' = if (enableApplicationInsights) {
  name: workspaceName
  location: location
  tags: tags
  properties: {
    sku: {
      name: 'PerGB2018'
    }
    retentionInDays: 90
  }
}

resource appInsights 'Microsoft.Insights/components@2020-02-02' = if (enableApplicationInsights) {
  name: appInsightsName
  location: location
  tags: tags
  kind: 'web'
  properties: {
    Application_Type: 'web'
    Flow_Type: 'Bluefield'
    Request_Source: 'rest'
    WorkspaceResourceId: workspace.id
    IngestionMode: 'LogAnalytics'
  }
}

resource plan 'Microsoft.Web/serverfarms@2023-12-01' = {
  name: planName
  location: location
  tags: tags
  kind: 'linux'
  sku: {
    name: webAppSku
  }
  properties: {
    reserved: true
  }
}

var baseAppSettings = [
  {
    name: 'NODE_ENV'
    value: 'production'
  }
  {
    name: 'MicrosoftAppType'
    value: 'UserAssignedMSI'
  }
  {
    name: 'MicrosoftAppId'
    value: identity.properties.clientId
  }
  {
    name: 'MicrosoftAppTenantId'
    value: identity.properties.tenantId
  }
  {
    name: 'STORAGE_ACCOUNT_URL'
    value: storage.properties.primaryEndpoints.table
  }
  {
    name: 'AZURE_CLIENT_ID'
    value: identity.properties.clientId
  }
  {
    name: 'ALLOWED_TENANT_IDS'
    value: allowedTenantIds
  }
  {
    name: 'TABLE_PREFIX'
    value: tablePrefix
  }
]

// Koden byggs före driftsättningen (npm ci, npm run build, bara produktionsberoenden) och zip-filen
// monteras skrivskyddad som den är: ingen Oryx-bygge på servern, inga halvt kopierade filer.
var codeAppSettings = [
  {
    name: 'WEBSITE_RUN_FROM_PACKAGE'
    value: '1'
  }
  {
    name: 'SCM_DO_BUILD_DURING_DEPLOYMENT'
    value: 'false'
  }
]

var containerAppSettings = [
  {
    name: 'WEBSITES_PORT'
    value: '3978'
  }
]

var monitoringAppSettings = enableApplicationInsights
  ? concat(
      [
        {
          name: 'APPLICATIONINSIGHTS_CONNECTION_STRING'
          value: appInsights.properties.ConnectionString
        }
      ],
      runsContainer
        ? []
        : [
            // Automatisk instrumentering av Node-appar i App Service för Linux.
            {
              name: 'ApplicationInsightsAgent_EXTENSION_VERSION'
              value: '~3'
            }
          ]
    )
  : []

resource webApp 'Microsoft.Web/sites@2023-12-01' = {
  name: webAppName
  location: location
  tags: tags
  kind: runsContainer ? 'app,linux,container' : 'app,linux'
  identity: {
    type: 'UserAssigned'
    userAssignedIdentities: {
      '${identity.id}': {}
    }
  }
  properties: {
    serverFarmId: plan.id
    httpsOnly: true
    clientAffinityEnabled: false
    siteConfig: {
      linuxFxVersion: runsContainer ? 'DOCKER|${containerImage}' : 'NODE|22-lts'
      // `npm start` bygger först (kräver utvecklingsberoenden); i Azure startar vi det byggda.
      appCommandLine: runsContainer ? '' : 'node dist/index.js'
      acrUseManagedIdentityCreds: runsContainer
      acrUserManagedIdentityID: runsContainer ? identity.properties.clientId : null
      alwaysOn: true
      http20Enabled: true
      minTlsVersion: '1.2'
      scmMinTlsVersion: '1.2'
      ftpsState: 'Disabled'
      // Liveness, inte readiness: /healthz svarar 200 så länge processen lever och redovisar
      // lagringens status i svaret. /readyz svarar 503 när lagringen inte nås, och då skulle
      // App Service ta instansen ur drift och till sist starta om den, vilket inte hjälper mot
      // ett lagringsavbrott, och med en instans finns ingen annan att skicka trafiken till.
      // Boten förklarar själv ett lagringsavbrott för användaren.
      healthCheckPath: '/healthz'
      appSettings: concat(baseAppSettings, runsContainer ? containerAppSettings : codeAppSettings, monitoringAppSettings)
    }
  }
}

// Ingen FTP och inga publiceringslösenord: driftsättning med `az webapp deploy` använder Entra ID.
resource ftpBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2023-12-01' = {
  parent: webApp
  name: 'ftp'
  properties: {
    allow: false
  }
}

resource scmBasicAuth 'Microsoft.Web/sites/basicPublishingCredentialsPolicies@2023-12-01' = {
  parent: webApp
  name: 'scm'
  properties: {
    allow: false
  }
}

// Appens JSON-loggar (stdout) och HTTP-loggar till Log Analytics.
resource webAppDiagnostics 'Microsoft.Insights/diagnosticSettings@2021-05-01-preview' = if (enableApplicationInsights) {
  name: 'loggar-till-log-analytics'
  scope: webApp
  properties: {
    workspaceId: workspace.id
    logs: [
      {
        category: 'AppServiceConsoleLogs'
        enabled: true
      }
      {
        category: 'AppServiceHTTPLogs'
        enabled: true
      }
      {
        category: 'AppServicePlatformLogs'
        enabled: true
      }
    ]
  }
}

resource botService 'Microsoft.BotService/botServices@2022-09-15' = {
  name: botServiceName
  location: 'global'
  tags: tags
  kind: 'azurebot'
  sku: {
    name: botServiceSku
  }
  properties: {
    displayName: botDisplayName
    endpoint: 'https://${webApp.properties.defaultHostName}/api/messages'
    msaAppId: identity.properties.clientId
    msaAppMSIResourceId: identity.id
    msaAppTenantId: identity.properties.tenantId
    msaAppType: 'UserAssignedMSI'
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: botService
  name: 'MsTeamsChannel'
  location: 'global'
  properties: {
    channelName: 'MsTeamsChannel'
  }
}

@description('Botens meddelandeadress (Azure Bot skickar aktiviteterna hit).')
output BOT_ENDPOINT string = 'https://${webApp.properties.defaultHostName}/api/messages'

@description('Webbappens värdnamn: BOT_DOMAIN för `npm run package` och manifestets validDomains.')
output BOT_DOMAIN string = webApp.properties.defaultHostName

@description('Botens app-id = identitetens klient-id: MicrosoftAppId för `npm run package`.')
output BOT_ID string = identity.properties.clientId

@description('Tenanten boten är registrerad i.')
output BOT_TENANT_ID string = identity.properties.tenantId

@description('Webbappens namn, för az webapp deploy.')
output WEB_APP_NAME string = webApp.name

@description('Webbappens resurs-id.')
output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = webApp.id

@description('Tabelltjänstens adress (STORAGE_ACCOUNT_URL).')
output STORAGE_ACCOUNT_URL string = storage.properties.primaryEndpoints.table
