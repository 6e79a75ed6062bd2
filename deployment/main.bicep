// Uppföljningsboten i Azure: en Single Tenant-bot vars app-registrering i Entra ID litar på en
// användartilldelad hanterad identitet genom en federerad identitetsautentiseringsuppgift (ingen
// klienthemlighet någonstans), en Linux-webbapp på Node 22 LTS som kör med identiteten, ett
// lagringskonto utan kontonycklar (RBAC) och, om man vill, Application Insights.
// Inga hemligheter: appen autentiserar med identiteten, både mot Bot Framework (identitetens token
// byts mot app-registreringens token) och mot lagringen.
//
// Regioner: allt utom Azure Bot i `location` (standard Sweden Central); Azure Bot i `botLocation`
// (standard westeurope = regional bot i Europa, `global` går också).
//
// App-registreringen skapas med Microsoft Graph-tillägget för Bicep (kräver Bicep 0.36.1 eller
// senare och att den som driftsätter får skapa appar i Entra ID, t.ex. rollen
// Programadministratör/Application Administrator). Den som inte får det ger en befintlig
// app-registrering i `existingBotAppId`; se deployment/README.md.
//
// Driftsätts i en resursgrupp (se deployment/README.md):
//   az deployment group create -g <grupp> -f deployment/main.bicep -p @deployment/main.parameters.json
// Namnkonventionerna följer Teams Toolkit: resourceBaseName, utdata BOT_ID, BOT_DOMAIN och
// BOT_TENANT_ID som `npm run package` läser (BOT_ID = MicrosoftAppId = app-registreringens klient-id).

targetScope = 'resourceGroup'

// Microsoft Graph-resurser (app-registrering, federerad autentiseringsuppgift, tjänsthuvudnamn).
extension 'br:mcr.microsoft.com/bicep/extensions/microsoftgraph/v1.0:1.0.0'

@minLength(3)
@maxLength(18)
@description('Bas för resursnamnen: små bokstäver, siffror och bindestreck, t.ex. "uppfoljning". Ett kort unikt suffix läggs till där namnet måste vara globalt unikt.')
param resourceBaseName string

@description('Region för alla resurser utom Azure Bot. Standard: Sweden Central, så att data lagras i Sverige.')
param location string = 'swedencentral'

@description('Region för Azure Bot: "westeurope" är en regional bot som behandlar och lagrar botdata inom EU; "global" är den globala tjänsten.')
@allowed([
  'westeurope'
  'global'
])
param botLocation string = 'westeurope'

@description('Tomt: mallen skapar botens app-registrering (Single Tenant) med Microsoft Graph-tillägget. Annars klient-id:t (app-id) för en befintlig Single Tenant-app-registrering, för den som inte får skapa appar i Entra ID; den federerade autentiseringsuppgiften läggs då till för hand (se deployment/README.md).')
param existingBotAppId string = ''

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
var createAppRegistration = empty(existingBotAppId)
var appRegistrationUniqueName = 'uppfoljningsboten-${resourceBaseName}-${suffix}'
// Den federerade autentiseringsuppgiften: Entra ID utfärdar identitetens token, ämnet är
// identitetens objekt-id (principal id) och målgruppen den fasta för tokenutbyte.
var federatedIssuer = 'https://login.microsoftonline.com/${tenant().tenantId}/v2.0'
var federatedAudience = 'api://AzureADTokenExchange'

// Storage Table Data Contributor: läsa, skriva och ta bort tabeller och entiteter, inga nycklar.
var storageTableDataContributor = '0a9a7e1f-b9d0-4cc4-a60d-0319b160aaa3'

resource identity 'Microsoft.ManagedIdentity/userAssignedIdentities@2023-01-31' = {
  name: identityName
  location: location
  tags: tags
}

// Botens app-registrering: Single Tenant (bara er egen tenant), utan lösenord och certifikat.
// Den enda autentiseringsuppgiften är den federerade nedan: identiteten får agera som appen.
resource botApp 'Microsoft.Graph/applications@v1.0' = if (createAppRegistration) {
  uniqueName: appRegistrationUniqueName
  displayName: botDisplayName
  signInAudience: 'AzureADMyOrg'
  notes: 'Uppföljningsboten (Teams-bot). Autentiseras bara med den hanterade identiteten ${identityName} genom en federerad autentiseringsuppgift; lägg inte till klienthemligheter.'
}

resource botAppFederatedCredential 'Microsoft.Graph/applications/federatedIdentityCredentials@v1.0' = if (createAppRegistration) {
  name: '${botApp.uniqueName}/hanterad-identitet'
  description: 'Den hanterade identiteten ${identityName} får agera som boten'
  issuer: federatedIssuer
  subject: identity.properties.principalId
  audiences: [
    federatedAudience
  ]
}

// Tjänsthuvudnamnet (företagsprogrammet) i er tenant, som token utfärdas till.
resource botServicePrincipal 'Microsoft.Graph/servicePrincipals@v1.0' = if (createAppRegistration) {
  appId: botApp.appId
}

// Botens app-id: den skapade app-registreringens klient-id eller den befintliga som parameter.
var botAppId = createAppRegistration ? botApp.appId : existingBotAppId

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
    value: 'SingleTenant'
  }
  {
    name: 'MicrosoftAppId'
    value: botAppId
  }
  {
    name: 'MicrosoftAppTenantId'
    value: tenant().tenantId
  }
  // Identiteten som app-registreringen litar på: appen hämtar sin bot-token med den, utan hemlighet.
  {
    name: 'BOT_FEDERATED_CLIENT_ID'
    value: identity.properties.clientId
  }
  {
    name: 'STORAGE_ACCOUNT_URL'
    value: storage.properties.primaryEndpoints.table
  }
  // Samma identitet mot Table Storage (@azure/identity).
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

// Regional bot (westeurope) eller global, se parametern botLocation.
resource botService 'Microsoft.BotService/botServices@2022-09-15' = {
  name: botServiceName
  location: botLocation
  tags: tags
  kind: 'azurebot'
  sku: {
    name: botServiceSku
  }
  properties: {
    displayName: botDisplayName
    endpoint: 'https://${webApp.properties.defaultHostName}/api/messages'
    msaAppId: botAppId
    msaAppTenantId: tenant().tenantId
    msaAppType: 'SingleTenant'
  }
}

resource teamsChannel 'Microsoft.BotService/botServices/channels@2022-09-15' = {
  parent: botService
  name: 'MsTeamsChannel'
  location: botLocation
  properties: {
    channelName: 'MsTeamsChannel'
  }
}

@description('Botens meddelandeadress (Azure Bot skickar aktiviteterna hit).')
output BOT_ENDPOINT string = 'https://${webApp.properties.defaultHostName}/api/messages'

@description('Webbappens värdnamn: BOT_DOMAIN för `npm run package` och manifestets validDomains.')
output BOT_DOMAIN string = webApp.properties.defaultHostName

@description('Botens app-id = app-registreringens klient-id: MicrosoftAppId för `npm run package`.')
output BOT_ID string = botAppId

@description('Tenanten boten är registrerad i.')
output BOT_TENANT_ID string = tenant().tenantId

@description('Den hanterade identitetens klient-id (BOT_FEDERATED_CLIENT_ID och AZURE_CLIENT_ID).')
output BOT_FEDERATED_CLIENT_ID string = identity.properties.clientId

@description('Den federerade autentiseringsuppgiftens ämne (subject) = identitetens objekt-id; behövs när en befintlig app-registrering används.')
output FEDERATED_CREDENTIAL_SUBJECT string = identity.properties.principalId

@description('Den federerade autentiseringsuppgiftens utfärdare (issuer).')
output FEDERATED_CREDENTIAL_ISSUER string = federatedIssuer

@description('Webbappens namn, för az webapp deploy.')
output WEB_APP_NAME string = webApp.name

@description('Webbappens resurs-id.')
output BOT_AZURE_APP_SERVICE_RESOURCE_ID string = webApp.id

@description('Tabelltjänstens adress (STORAGE_ACCOUNT_URL).')
output STORAGE_ACCOUNT_URL string = storage.properties.primaryEndpoints.table
